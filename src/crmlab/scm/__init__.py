"""Supply chain management models: inventory, risk pooling, distribution, bullwhip, beer game."""
