"""Fee payment through a payment-provider interface (plugin registry)."""
