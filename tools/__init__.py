from . import housing_math
