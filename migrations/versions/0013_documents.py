"""documents: the case's documents (文书) and their recipients

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 15:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('rules', sa.String(length=40), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('number', sa.String(length=80), nullable=True),
        sa.Column('text', sa.JSON(), nullable=False),
        sa.Column('trigger', sa.String(length=40), nullable=True),
        sa.Column('supersedes_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('issued_at', sa.DateTime(), nullable=True),
        sa.Column('issued_on', sa.Date(), nullable=True),
        sa.Column('stored_name', sa.String(length=80), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('size', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_documents_case_id_cases')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_documents_created_by_id_users')),
        sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'],
                                name=op.f('fk_documents_issued_by_id_users')),
        sa.ForeignKeyConstraint(['supersedes_id'], ['documents.id'],
                                name=op.f('fk_documents_supersedes_id_documents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
        sa.UniqueConstraint('number', 'revision', name='uq_documents_number_revision'),
        sa.UniqueConstraint('stored_name', name=op.f('uq_documents_stored_name')),
        sa.UniqueConstraint('supersedes_id', name=op.f('uq_documents_supersedes_id')),
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_status'), ['status'], unique=False)
    op.create_table(
        'document_recipients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.String(length=12), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_document_recipients_document_id_documents')),
        sa.ForeignKeyConstraint(['party_id'], ['parties.id'],
                                name=op.f('fk_document_recipients_party_id_parties')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_document_recipients')),
    )
    with op.batch_alter_table('document_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_recipients_document_id'), ['document_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('document_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_recipients_document_id'))
    op.drop_table('document_recipients')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_status'))
        batch_op.drop_index(batch_op.f('ix_documents_number'))
        batch_op.drop_index(batch_op.f('ix_documents_case_id'))
    op.drop_table('documents')
