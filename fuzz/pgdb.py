"""Create or drop the throw-away PostgreSQL database of `make fuzz-pg` (prints its URL)."""

from __future__ import annotations

import sys

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def main(action: str, base_url: str, name: str) -> None:
    base = make_url(base_url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if action == "create":
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            print(base.set(database=name).render_as_string(hide_password=False))
        else:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
