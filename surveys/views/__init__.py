"""Views of the diagnosis, by audience: respondents, a school, the federal year page and regions."""
