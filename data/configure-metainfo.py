#!/usr/bin/env python3
# Fills in the metainfo template before its translations are merged: the application id, and
# the screenshots' base address. AppStream accepts only absolute http(s) image addresses, so
# without a base address the <screenshots> element is left out rather than made up.
import re
import sys


def main():
    if len(sys.argv) != 5:
        sys.exit('usage: configure-metainfo.py INPUT OUTPUT APP_ID SCREENSHOT_BASE_URL')
    source, output, app_id, base_url = sys.argv[1:]
    with open(source, encoding='utf-8') as f:
        text = f.read()

    base_url = base_url.rstrip('/')
    if base_url:
        if not re.match(r'https?://[^/\s]+', base_url):
            sys.exit(f'screenshot_base_url must be an http(s) address, not {base_url!r}')
        text = text.replace('@SCREENSHOT_BASE_URL@', base_url)
    else:
        # The element and the comment that introduces it, with their indentation.
        text, n = re.subn(r'\n[ \t]*(<!--(?:(?!-->).)*-->\s*)?<screenshots>.*?</screenshots>',
                          '', text, flags=re.DOTALL)
        if n != 1:
            sys.exit(f'{source}: expected one <screenshots> element, found {n}')

    text = text.replace('@APP_ID@', app_id)
    leftover = re.search(r'@[A-Z_]+@', text)
    if leftover:
        sys.exit(f'{source}: unknown placeholder {leftover.group(0)}')
    with open(output, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
