"""Chapter 10: tuning an image classifier.

A deeper CNN (six 3 x 3 convolutions with padding 1, three max-pools, then 4*4*128 -> 128 ->
classes), the optimizers that train it faster (SGD, SGD with momentum, Adam), and the three
remedies against overfitting the course puts into it: dropout, batch normalization and data
augmentation (random mirroring and erasing, on the training set only). Training uses the
course's helpers from courselib (courselib.training.fit, courselib.seeding.torch_seed,
courselib.plots.evaluate_history), so this chapter does not depend on your chapter 9.
"""
