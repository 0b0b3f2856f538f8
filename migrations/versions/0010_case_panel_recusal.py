"""cases: the panel (合议组, Art. 20) and parties' recusal applications (Art. 5)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 11:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'case_panel',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('named_on', sa.Date(), nullable=False),
        sa.Column('removed_on', sa.Date(), nullable=True),
        sa.Column('removed_reason', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_case_panel_case_id_cases')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_case_panel_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_panel')),
    )
    with op.batch_alter_table('case_panel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_panel_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_panel_user_id'), ['user_id'], unique=False)
    op.create_table(
        'recusal_applications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=False),
        sa.Column('target_user_id', sa.Integer(), nullable=True),
        sa.Column('target_name', sa.String(length=100), nullable=True),
        sa.Column('target_role', sa.String(length=30), nullable=False),
        sa.Column('grounds', sa.Text(), nullable=False),
        sa.Column('applied_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decision_note', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                                name=op.f('fk_recusal_applications_case_id_cases')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'],
                                name=op.f('fk_recusal_applications_decided_by_id_users')),
        sa.ForeignKeyConstraint(['party_id'], ['parties.id'],
                                name=op.f('fk_recusal_applications_party_id_parties')),
        sa.ForeignKeyConstraint(['target_user_id'], ['users.id'],
                                name=op.f('fk_recusal_applications_target_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal_applications')),
    )
    with op.batch_alter_table('recusal_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusal_applications_case_id'), ['case_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_recusal_applications_target_user_id'),
                              ['target_user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recusal_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusal_applications_target_user_id'))
        batch_op.drop_index(batch_op.f('ix_recusal_applications_case_id'))
    op.drop_table('recusal_applications')
    with op.batch_alter_table('case_panel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_panel_user_id'))
        batch_op.drop_index(batch_op.f('ix_case_panel_case_id'))
    op.drop_table('case_panel')
