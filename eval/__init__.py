"""Evaluation of article-qa against gold answers, through the public ``qa`` API only."""
