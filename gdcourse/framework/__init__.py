"""A small TensorFlow/Keras-shaped framework; use it as ``import gdcourse.tf as tf``.

- ``tensor``      Variable, constant, the ops and GradientTape: reverse-mode autodiff
- ``losses``      the one mean squared error
- ``optimizers``  SGD, Adagrad, RMSprop, Adam: each writes only ``build`` and ``update_step``
- ``layers``, ``models``, ``callbacks``  Dense, Sequential (compile / fit / predict), LambdaCallback
- ``seeding``     one seed for every random number
"""
