"""Answering questions from a built index: facts looked up by the words of a question,
described for answers, and the names of types reduced to what they describe."""
