from . import host_offer
