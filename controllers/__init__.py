from . import import_template
from . import portal
from . import host_offer
