// YouTube and Vimeo facades: nothing loads from the video site until the reader clicks; then
// the player replaces the link and takes the focus. Without JavaScript the link opens the
// video on its site.
document.querySelectorAll("a[data-embed]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button > 0) return;  // a new tab
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-embed");
    frame.title = link.getAttribute("data-title");
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.replaceWith(frame);
    frame.focus();
  });
});
