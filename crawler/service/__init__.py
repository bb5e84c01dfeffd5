"""The service layer: jobs that join the pure stages (analysis, health rules) to storage.

Storage only reads and writes values; the pure stages only compute. A job here reads from
storage, calls the pure functions and writes their results back. The CLI, the pipelines and
the scheduler call these jobs.
"""
