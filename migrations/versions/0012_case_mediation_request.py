"""cases: what a pre-litigation mediation request carries under the 2025 Measures (Arts. 63-64)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 15:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prior_decision_ref', sa.String(length=100),
                                      nullable=True))
        batch_op.add_column(sa.Column('grant_announced_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('grant_announced_on')
        batch_op.drop_column('prior_decision_ref')
