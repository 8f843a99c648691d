"""Chapter 5: linear regression on the Boston housing table.

A linear function is a single layer function, nn.Linear: set its weight and bias by hand
and watch it compute y = 2x + 1 and its 2-input and 3-output relatives; wrap one in a model
class, Net(n_input, n_output), subclassing nn.Module. Then predict the house price (MEDV)
of the 506 Boston districts from the average number of rooms (RM) by gradient descent on
half the mean squared error, add a second input (LSTAT), and see that the learning rate that
worked for one input makes two diverge: training must notice and stop.
"""
