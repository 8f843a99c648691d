"""Chapter 3: a first machine-learning model, trained by gradient descent by hand.

Predict weight from height with Yp = W * X + B, measure the error with the mean squared
error, and improve W and B step by step: first updating them yourself, then with
torch.optim.SGD, then with momentum.
"""
