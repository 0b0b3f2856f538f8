"""cases: what the 2025 Measures' effects store (adjudication v2, mediation v2)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_COLUMNS = [
    ('extension_level', sa.Integer(), False, '0'),
    ('extended_until', sa.Date(), True, None),
    ('acceptance_extended_on', sa.Date(), True, None),
    ('open_periods', sa.String(length=200), False, ''),
    ('objection_upheld', sa.Boolean(), False, sa.false()),
    ('invalidation_accepted_on', sa.Date(), True, None),
    ('suspension_decision', sa.String(length=12), True, None),
    ('hearing_on', sa.Date(), True, None),
    ('proposed_outcome', sa.String(length=20), True, None),
    ('proposal_reasons', sa.Text(), True, None),
    ('proposal_orders', sa.Text(), True, None),
    ('votes_for', sa.Integer(), True, None),
    ('votes_against', sa.Integer(), True, None),
    ('dissent', sa.Text(), True, None),
    ('published_on', sa.Date(), True, None),
    ('published_where', sa.String(length=500), True, None),
    ('mediation_subject', sa.String(length=30), True, None),
    ('session_on', sa.Date(), True, None),
    ('session_place', sa.String(length=300), True, None),
    ('notarized_on', sa.Date(), True, None),
    ('notary_office', sa.String(length=200), True, None),
    ('notarial_certificate_no', sa.String(length=100), True, None),
    ('payment_content', sa.Boolean(), True, None),
    ('enforcement_undertaking', sa.Boolean(), True, None),
]


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, kind, nullable, default in _COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=nullable,
                                          server_default=default))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, _kind, _nullable, _default in reversed(_COLUMNS):
            batch_op.drop_column(name)
