"""What we know about X: typed views of the resolved knowledge, built once and shown by
every surface. The CLI prints them (text) or dumps them (JSON), the web renders them and
serves them as its JSON twins, and the export takes its merged events from here; none of
them computes knowledge of its own.

::

    read.entity_view(store, read.best_entity(store, "Ahmed al-Rashidi"))  # EntityView
    read.storyline_view(store, "S1a2b...")                                # StorylineView
    read.timeline(store, "Ahmed al-Rashidi")                              # TimelineView
    read.article_view(store, "3f2a...")                                   # ArticleView
    read.search(store, "ceasefire")                                       # SearchHits

Modules: ``refs`` (links and paths), ``events`` (events merged across articles and the
disagreements between sources), ``entities``, ``storylines``, ``timeline``, ``articles``.
"""

from __future__ import annotations

from newsgraph.read.articles import (
    ArticleList,
    ArticleView,
    Home,
    SearchHits,
    article_list,
    article_view,
    home,
    search,
)
from newsgraph.read.entities import (
    EntityListItem,
    EntityMatch,
    EntityView,
    best_entity,
    entity_list,
    entity_view,
    find_entities,
)
from newsgraph.read.events import DisagreementView, EventView
from newsgraph.read.refs import ArticleRef, EntityRef, SourceRef, StorylineRef
from newsgraph.read.storylines import (
    StorylineView,
    storyline_refs,
    storyline_view,
    storyline_views,
)
from newsgraph.read.timeline import TimelineView, timeline

__all__ = [
    "ArticleList",
    "ArticleRef",
    "ArticleView",
    "DisagreementView",
    "EntityListItem",
    "EntityMatch",
    "EntityRef",
    "EntityView",
    "EventView",
    "Home",
    "SearchHits",
    "SourceRef",
    "StorylineRef",
    "StorylineView",
    "TimelineView",
    "article_list",
    "article_view",
    "best_entity",
    "entity_list",
    "entity_view",
    "find_entities",
    "home",
    "search",
    "storyline_refs",
    "storyline_view",
    "storyline_views",
    "timeline",
]
