"""The lesson helpers, one idea per file, in the order the lessons meet them.

- ``prediction_error``  how wrong a prediction is: squared error, MSE, its slope (01, 03)
- ``jsformat``          numbers printed the way the article's JavaScript prints them (02-04)
- ``searches``          the up/down search and gradient descent on one weight (02-04)
- ``digits``            how many digits to print: the ones every machine agrees on
- ``linear``            linear regression by gradient descent, and its stable rate (05)
- ``batching``          mini-batches and stochastic gradient descent (06)
- ``surfaces``          loss surfaces on which optimizers race (07)
- ``forecast``          the capstone's baseline, split and forecast (08)
- ``datasets``          every dataset the lessons use, generated, never downloaded
"""
