"""Chapter 6: binary classification (logistic regression) on two kinds of iris.

Tell Setosa from Versicolour by their sepal length and width: a Linear layer followed by a
sigmoid gives the probability of class 1, trained with the binary cross-entropy (BCELoss);
then the same model without the sigmoid, whose raw outputs (logits) go to BCEWithLogitsLoss.
Training keeps the course's 5-column history (epoch, training loss and accuracy, validation
loss and accuracy), and the trained weights give the decision boundary, a straight line.
"""
