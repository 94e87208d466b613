namespace Regin.Bot.Review;

/// <summary>The review screens' stylesheet and one small script (select all), served from the host: nothing from the internet.</summary>
public static class ReviewAssets
{
    public const string Css = """
        :root { --ink: #1d2430; --muted: #5b6574; --line: #d6dbe3; --accent: #0b5cad; --flag: #fff3cd; --flag-line: #e0a800; --bad: #b00020; --ok: #1e7b34; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
        a.skip { position: absolute; left: -100vw; top: .4rem; z-index: 10; background: #fff; padding: .4rem .8rem; border: 2px solid var(--accent); }
        a.skip:focus { left: .4rem; }
        main:focus { outline: none; }
        header.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
        header.top .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
        header.top nav a { margin-right: .8rem; }
        header.top form { margin: 0; }
        header.top .signout { margin-left: auto; }
        .who { color: var(--muted); }
        main { padding: 1rem 1.2rem 3rem; max-width: 1400px; overflow-wrap: break-word; }
        a { color: var(--accent); }
        h1 { font-size: 1.4rem; margin: .4rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
        h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; white-space: nowrap; }
        tr.flagged td, td.flagged { background: var(--flag); }
        .flag { display: inline-block; background: var(--flag); border: 1px solid var(--flag-line); border-radius: 3px; padding: 0 .3rem; font-size: .85em; margin: .1rem .2rem .1rem 0; }
        .status { display: inline-block; border-radius: 3px; padding: 0 .35rem; font-size: .85em; background: #e7ebf0; }
        .status-approved { background: #d4edda; } .status-rejected { background: #f8d7da; } .status-needs_changes { background: #fff3cd; } .status-submitted { background: #d6e9f8; }
        .original { color: var(--muted); white-space: pre-wrap; }
        .value { white-space: pre-wrap; }
        .code { font-family: ui-monospace, monospace; font-size: .85em; color: var(--muted); }
        .invisible { font-family: ui-monospace, monospace; font-size: .75em; color: var(--bad); border: 1px solid var(--bad); border-radius: 3px; padding: 0 .15rem; margin: 0 .1rem; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem .8rem; align-items: end; background: #fff; padding: .7rem; border: 1px solid var(--line); margin-bottom: .8rem; }
        form.filters label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); }
        input, select, textarea, button { font: inherit; }
        input[type=text], input[type=search], input[type=email], input[type=password], textarea, select { border: 1px solid #b9c1cc; border-radius: 3px; padding: .25rem .4rem; background: #fff; max-width: 100%; }
        textarea { width: 100%; min-height: 4.5rem; }
        button { border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 3px; padding: .25rem .8rem; cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        .notice { background: #d4edda; border: 1px solid #9fd3ad; padding: .5rem .8rem; margin-bottom: 1rem; }
        .error { background: #f8d7da; border: 1px solid #e3a3aa; padding: .5rem .8rem; margin-bottom: 1rem; color: #6b0010; white-space: pre-wrap; }
        .panel { background: #fff; border: 1px solid var(--line); padding: .8rem; margin-bottom: 1rem; }
        .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(300px, 100%), 1fr)); gap: 1rem; }
        .actions form { background: #fff; border: 1px solid var(--line); padding: .7rem; margin: 0; }
        .actions label, form.stack label { display: block; margin: .3rem 0; }
        details.edit { margin-top: .3rem; }
        form.resolve { margin: .2rem 0; } form.resolve input { width: 9rem; }
        details.edit form { margin-top: .3rem; }
        dl.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; margin: 0; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
        pre.raw { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid var(--line); padding: .6rem; max-height: 30rem; overflow: auto; }
        .pager { margin: .8rem 0; display: flex; gap: .8rem; align-items: center; }
        .aspect { display: grid; grid-template-columns: 1fr 1fr; gap: .6rem; }
        .muted { color: var(--muted); }
        textarea.kept { border: 2px solid var(--bad); background: #fff8f8; }
        .signin { max-width: 24rem; margin: 3rem auto; background: #fff; border: 1px solid var(--line); padding: 1.2rem; }
        .signin label { display: block; margin: .6rem 0; } .signin input { width: 100%; }
        nav.toc { margin: 0 0 1rem; } nav.toc a { margin-right: .8rem; white-space: nowrap; }
        section.dash { background: #fff; border: 1px solid var(--line); padding: .2rem 1rem 1rem; margin-bottom: 1.2rem; }
        .chart-pair { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
        .chart-pair figure { margin: 0; max-width: 100%; overflow-x: auto; }
        svg.chart { max-width: 100%; height: auto; }
        .table-wrap { flex: 1 1 320px; max-height: 32rem; overflow: auto; }
        .table-wrap.wide { max-height: none; overflow-x: auto; }
        caption { text-align: left; font-weight: 600; padding: .2rem 0; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.has-stops { background: #fdebd8; }
        #table-funnel-matrix th[scope=row] { white-space: normal; min-width: 16rem; font-weight: 400; background: #fff; }
        #table-funnel-matrix td { white-space: nowrap; }
        /* A wide table scrolls in its own box (named, reachable with Tab, arrows scroll it), never the whole page (review49). */
        div.scroll { max-width: 100%; overflow-x: auto; }
        div.scroll:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
        td.value, td.original, pre.raw { overflow-wrap: anywhere; }
        /* A narrow window (a phone, half a laptop screen): the facts one under the other, each answer a block of its own. */
        @media (max-width: 700px) {
          main { padding: .6rem .6rem 2rem; }
          dl.meta { grid-template-columns: minmax(0, 1fr); gap: 0; }
          dl.meta dd { margin-bottom: .4rem; }
          .aspect { grid-template-columns: minmax(0, 1fr); }
          table.answers thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
          table.answers, table.answers tbody, table.answers tr, table.answers td { display: block; width: 100%; }
          table.answers tr { border-bottom: 2px solid var(--line); padding: .3rem 0; }
          table.answers td { border: 0; padding: .15rem .3rem; }
          table.answers td:first-child { font-weight: 600; }
          table.answers td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-weight: 400; }
          table.answers td.original:empty { display: none; }
        }
        #practices tbody tr[data-href] { cursor: pointer; }
        #practices tbody tr[data-href]:hover td, #practices tbody tr[data-href]:focus-within td { background: #e8f0fa; }
        #practices tbody tr.flagged[data-href]:hover td, #practices tbody tr.flagged[data-href]:focus-within td { background: #fbe7a6; }
        """;

    public const string Script = """
        document.addEventListener('DOMContentLoaded', function () {
          var all = document.getElementById('select-all');
          if (all) {
            all.addEventListener('change', function () {
              document.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
            });
          }
          // A click anywhere on a practice's row opens it, as its reference link does (Ctrl or Cmd: in a new tab);
          // not a click on the row's box or another control, nor one that ends selecting text to copy.
          document.querySelectorAll('tr[data-href]').forEach(function (row) {
            row.addEventListener('click', function (event) {
              if (event.target.closest('a, input, label, button, select, textarea')) { return; }
              if (String(window.getSelection ? window.getSelection() : '').length > 0) { return; }
              if (event.ctrlKey || event.metaKey) { window.open(row.dataset.href, '_blank', 'noopener'); return; }
              window.location.href = row.dataset.href;
            });
          });
        });
        """;
}
