from . import test_housing_math
from . import test_housing_stock
from . import test_housing_stock_access
from . import test_housing_stock_tour
