"""The lobby: room definitions, the page that lists live rooms, and the form that makes one."""
