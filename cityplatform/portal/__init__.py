"""Portal: the public face that ties the sections together.

Owns the home page, the base layout and its navigation (built from the apps that
are installed: an app with `nav_items` on its AppConfig gets a menu entry), and
the platform's own contact card (`PlatformContact`), which is data edited in the admin.
"""
