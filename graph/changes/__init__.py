"""Change events: the `changes` subscription and webhook endpoints with their deliveries."""
