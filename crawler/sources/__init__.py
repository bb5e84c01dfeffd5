"""Source registry files (vietnam.yaml, replica.yaml) and the tools that probe them over HTTP."""
