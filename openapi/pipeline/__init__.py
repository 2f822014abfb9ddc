"""Spec pipeline: docs pages -> fragments -> merged spec -> generated package.

Run as ``python -m pipeline <command>`` with ``openapi/`` on ``PYTHONPATH`` (the Makefile does).
"""
