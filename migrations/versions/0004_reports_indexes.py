"""reports: index audit events by action and legal date (KPI event counts per period)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 12:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    # A plain CREATE INDEX: a batch "move and copy" would drop the append-only triggers.
    op.create_index('ix_audit_events_action_on', 'audit_events', ['action', 'on'], unique=False)


def downgrade():
    op.drop_index('ix_audit_events_action_on', table_name='audit_events')
