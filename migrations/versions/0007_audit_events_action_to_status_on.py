"""audit: index transition events by destination state and legal date for the KPI event figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 23:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # A plain CREATE INDEX: a batch "move and copy" would drop the append-only triggers.
    op.create_index('ix_audit_events_action_to_status_on', 'audit_events',
                    ['action', 'to_status', 'on'])


def downgrade():
    op.drop_index('ix_audit_events_action_to_status_on', table_name='audit_events')
