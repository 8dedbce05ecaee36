"""Understanding one article: spaCy components and the pure functions behind them."""
