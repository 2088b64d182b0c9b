"""Entry files: parse, claim, apply through the services, archive or quarantine."""
