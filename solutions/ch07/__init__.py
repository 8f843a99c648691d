"""Chapter 7: multiclass classification of the three iris species.

A Linear layer with one output per class gives each class a score (a logit); the class with
the largest score is the prediction (argmax), and the softmax of the scores, only where they
are read as probabilities. CrossEntropyLoss takes the raw scores and the labels as class
indices (int64) and applies the softmax itself. Training keeps the course's 5-column
history, first on two features (sepal length and petal length), then on all four.
"""
