"""The benchmark suite: the service under wrk beside the database's own floor (python -m bench)."""
