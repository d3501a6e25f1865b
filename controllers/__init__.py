from . import import_template
from . import portal
