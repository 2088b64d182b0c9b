"""Database layer: table registry (legacy names + prefix), engine, schema, change feed."""
