"""What each storyline is about (its dyads, mediators and kind of event, as JSON), beside
its title: the read side shows and filters by it without reading any brief.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("storylines")}
    if "about" in columns:
        return
    with op.batch_alter_table("storylines") as batch:
        batch.add_column(sa.Column("about", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("storylines") as batch:
        batch.drop_column("about")
