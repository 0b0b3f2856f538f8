"""document work-list indexes: the 文书待办 counts (待签发, 待送达) read indexes only

The navigation counts a unit's drafts and its issued documents awaiting service on every page.
(status, case_id) on documents answers "this status, these cases" from the index (it replaces
the status-only index, which it covers); (recipient_id, served_on) on document_services answers
"is this recipient served by a date" likewise (it replaces the recipient-only index).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 19:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_status_case_id', ['status', 'case_id'], unique=False)
        batch_op.drop_index('ix_documents_status')
    with op.batch_alter_table('document_services', schema=None) as batch_op:
        batch_op.create_index('ix_document_services_recipient_served',
                              ['recipient_id', 'served_on'], unique=False)
        batch_op.drop_index('ix_document_services_recipient_id')


def downgrade():
    with op.batch_alter_table('document_services', schema=None) as batch_op:
        batch_op.create_index('ix_document_services_recipient_id', ['recipient_id'], unique=False)
        batch_op.drop_index('ix_document_services_recipient_served')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_status', ['status'], unique=False)
        batch_op.drop_index('ix_documents_status_case_id')
