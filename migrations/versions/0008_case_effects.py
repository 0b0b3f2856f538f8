"""cases: what the record_ruling and record_court_return effects store

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ruling_number', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('court_return_outcome', sa.String(length=20),
                                      nullable=True))
        batch_op.add_column(sa.Column('court_return_report', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('court_returned_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('court_returned_on')
        batch_op.drop_column('court_return_report')
        batch_op.drop_column('court_return_outcome')
        batch_op.drop_column('ruling_number')
