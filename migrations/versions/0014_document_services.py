"""document services: the service register (送达) of issued documents

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 15:45:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'document_services',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('served_on', sa.Date(), nullable=True),
        sa.Column('tracking_number', sa.String(length=60), nullable=True),
        sa.Column('consent_evidence_id', sa.Integer(), nullable=True),
        sa.Column('address', sa.String(length=300), nullable=True),
        sa.Column('witnesses', sa.String(length=300), nullable=True),
        sa.Column('proof_evidence_id', sa.Integer(), nullable=True),
        sa.Column('notes', sa.String(length=2000), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_document_services_case_id_cases')),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_document_services_document_id_documents')),
        sa.ForeignKeyConstraint(['recipient_id'], ['document_recipients.id'],
                                name=op.f('fk_document_services_recipient_id_document_recipients')),
        sa.ForeignKeyConstraint(['consent_evidence_id'], ['evidence.id'],
                                name=op.f('fk_document_services_consent_evidence_id_evidence')),
        sa.ForeignKeyConstraint(['proof_evidence_id'], ['evidence.id'],
                                name=op.f('fk_document_services_proof_evidence_id_evidence')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                                name=op.f('fk_document_services_recorded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_services')),
    )
    with op.batch_alter_table('document_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_services_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_document_services_document_id'), ['document_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_document_services_recipient_id'), ['recipient_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('document_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_services_recipient_id'))
        batch_op.drop_index(batch_op.f('ix_document_services_document_id'))
        batch_op.drop_index(batch_op.f('ix_document_services_case_id'))
    op.drop_table('document_services')
