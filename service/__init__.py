"""datasvc: hand-written SQL served over HTTP, one app per design document."""
