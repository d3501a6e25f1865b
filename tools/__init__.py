from . import housing_math
from . import resorption_math
