"""audit search: index events by unit and by actor, newest first (keyset paging by seq)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 21:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX: a batch "move and copy" would drop the append-only triggers.
    op.create_index('ix_audit_events_unit_code_seq', 'audit_events', ['unit_code', 'seq'])
    op.create_index('ix_audit_events_actor_seq', 'audit_events', ['actor', 'seq'])


def downgrade():
    op.drop_index('ix_audit_events_actor_seq', table_name='audit_events')
    op.drop_index('ix_audit_events_unit_code_seq', table_name='audit_events')
