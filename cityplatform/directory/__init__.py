"""Directory (生活服务): service providers and residents' service requests."""
