from . import res_partner
from . import res_config_settings
from . import housing_programme
from . import housing_unit_tag
from . import housing_unit
from . import housing_room
