//! The blog's feeds (RSS 2.0, Atom, JSON Feed), its sitemap and robots.txt, from plain items.
