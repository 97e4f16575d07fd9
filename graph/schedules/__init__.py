"""Plan schedules: rules, quotas, campaign extensions, and the work items they date."""
