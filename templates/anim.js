// Animated figures show their finished picture (the still) until half of the figure is in
// view; then the animation is swapped in, and it starts on that same picture. The small
// button in the figure's corner pauses it (back to the still) and plays it again (WCAG 2.2.2).
// Reduced motion keeps the still (nothing is swapped) and hides the button.
(function () {
  var figures = document.querySelectorAll("figure[data-anim]");
  if (window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  function show(box, animated) {
    box.querySelectorAll(".anim-picture source[data-srcset]").forEach(function (s) {
      if (!s.hasAttribute("data-still")) s.setAttribute("data-still", s.getAttribute("srcset"));
      s.setAttribute("srcset", s.getAttribute(animated ? "data-srcset" : "data-still"));
    });
    var img = box.querySelector(".anim-picture img");
    if (!img.hasAttribute("data-still")) img.setAttribute("data-still", img.getAttribute("src"));
    img.setAttribute("src", img.getAttribute(animated ? "data-src" : "data-still"));
  }
  var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      // Half the figure, or half the screen for a figure taller than two screens.
      var half = entry.intersectionRatio >= 0.5 || (entry.rootBounds && entry.intersectionRect.height >= entry.rootBounds.height / 2);
      if (!entry.isIntersecting || !half) return;
      watcher.unobserve(entry.target);
      if (entry.target.getAttribute("data-paused") !== "true") show(entry.target, true);
    });
  }, { threshold: [0.1, 0.25, 0.5] }) : null;
  figures.forEach(function (box) {
    var button = box.querySelector(".anim-toggle");
    button.hidden = false;
    button.addEventListener("click", function () {
      var pause = box.getAttribute("data-paused") !== "true";
      box.setAttribute("data-paused", pause ? "true" : "false");
      if (watcher) watcher.unobserve(box);
      show(box, !pause);
      var label = pause ? "Play animation" : "Pause animation";
      button.setAttribute("aria-label", label);
      button.setAttribute("title", label);
    });
    if (watcher) watcher.observe(box); else show(box, true);
  });
})();
