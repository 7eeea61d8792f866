"""Automation: who runs the scheduler and senders (the runner lock); later, schedules and rules."""
