"""clocks: index case_clocks by (case_id, kind) for the KPI figures' per-kind lookups

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 21:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_case_clocks_case_id_kind', 'case_clocks', ['case_id', 'kind'])


def downgrade():
    op.drop_index('ix_case_clocks_case_id_kind', table_name='case_clocks')
