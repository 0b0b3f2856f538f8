"""parties: no_domicile_in_china (Measures 2025 Art. 22: 30 days to reply instead of 15)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # server_default: the parties already stored read as having a domicile in China (false)
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('no_domicile_in_china', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('no_domicile_in_china')
