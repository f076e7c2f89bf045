-- Headless test of the Gloss Neovim plugin through Neovim's own LSP client (0.10+).
-- env: GLOSS_BIN, GLOSS_DOC (a corpus text inside a folder with gloss.toml), GLOSS_ROOT,
-- GLOSS_NVIM_MODE ('config': vim.lsp.config/enable; 'legacy': vim.lsp.start on FileType).
local BIN, DOC, ROOT = os.getenv('GLOSS_BIN'), os.getenv('GLOSS_DOC'), os.getenv('GLOSS_ROOT')
local MODE = os.getenv('GLOSS_NVIM_MODE') or 'config'
local label = string.format('neovim %s (%s)', tostring(vim.version()), MODE)
local passed, failed = 0, 0

local function out(s)
  io.stdout:write(s .. '\n')
end
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out('ok   ' .. label .. ': ' .. name)
  else
    failed = failed + 1
    out('FAIL ' .. label .. ': ' .. name .. (detail and (': ' .. detail) or ''))
  end
  return ok
end
local function finish()
  out(string.format('%s: %d passed, %d failed', label, passed, failed))
  vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
end

local ok, err = pcall(function()
  vim.cmd('filetype on')
  local gloss = require('gloss')
  gloss.setup({
    cmd = { BIN, 'lsp' },
    legacy = MODE == 'legacy',
    -- server settings, forwarded as initializationOptions / workspace/configuration:
    diagnostics = { ['unknown-acronym'] = 'hint' },
  })
  vim.cmd.edit(vim.fn.fnameescape(DOC))
  local bufnr = vim.api.nvim_get_current_buf()
  check('buffer has filetype text', vim.bo[bufnr].filetype == 'text', vim.bo[bufnr].filetype)

  local client
  vim.wait(10000, function()
    client = gloss.clients()[1]
    return client ~= nil and client.initialized and vim.lsp.buf_is_attached(bufnr, client.id)
  end, 20)
  if not check('client starts and attaches', client ~= nil and vim.lsp.buf_is_attached(bufnr, client.id)) then
    return
  end
  check('root is the folder with gloss.toml', client.config.root_dir == ROOT, tostring(client.config.root_dir))
  local enc = client.offset_encoding
  local want = vim.fn.has('nvim-0.11') == 1 and 'utf-8' or 'utf-16'
  check(want .. ' position encoding negotiated', enc == want, tostring(enc))

  -- Diagnostics
  local function gloss_diags()
    return vim.tbl_filter(function(d)
      return d.source == 'gloss'
    end, vim.diagnostic.get(bufnr))
  end
  local function with_code(code)
    return vim.tbl_filter(function(d)
      return (d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)) == code
    end, gloss_diags())
  end
  vim.wait(10000, function()
    return #with_code('undefined-acronym') > 0
  end, 20)
  local undefined = with_code('undefined-acronym')
  check('diagnostic undefined-acronym on "SIIS" (line 5)', #undefined > 0 and undefined[1].lnum == 4 and undefined[1].col == 0,
    vim.inspect(undefined[1]))
  local unknown = with_code('unknown-acronym')
  check('setting forwarded: unknown-acronym is a hint', #unknown > 0 and unknown[1].severity == vim.diagnostic.severity.HINT,
    #unknown > 0 and tostring(unknown[1].severity) or 'none')

  -- Hover
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 4, character = 1 },
  }
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000) or {}
  local hover = res[client.id] and res[client.id].result
  local text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
  check('hover on "SIIS" shows the glossary card',
    text:find('Shanghai Institutes for International Studies', 1, true) ~= nil and text:find('organization', 1, true) ~= nil,
    text:sub(1, 200))

  -- Definition, through the user's command: jumps to the glossary entry
  vim.api.nvim_win_set_cursor(0, { 5, 1 })
  vim.lsp.buf.definition()
  vim.wait(10000, function()
    return vim.api.nvim_buf_get_name(0):match('institutions%.toml$') ~= nil
  end, 20)
  local name = vim.api.nvim_buf_get_name(0)
  local line = vim.api.nvim_win_get_cursor(0)[1]
  -- The entry's id line, wherever the entry sits in the file.
  local id_line = vim.fn.search('^id = "siis"$', 'nw')
  check('go to definition opens the glossary entry',
    name:match('institutions%.toml$') ~= nil and id_line > 0 and line == id_line,
    name .. ':' .. line .. ' (id on line ' .. id_line .. ')')
  check('not attached to the read-only glossary copy', not vim.lsp.buf_is_attached(0, client.id))
  vim.cmd.buffer(bufnr)

  -- Settings change applies without a restart
  gloss.update_settings({ diagnostics = { ['undefined-acronym'] = 'off' } })
  vim.wait(10000, function()
    return #with_code('undefined-acronym') == 0
  end, 20)
  check('update_settings() applies without a restart', #with_code('undefined-acronym') == 0 and #gloss_diags() > 0)
  check('still one client', #gloss.clients() == 1, tostring(#gloss.clients()))

  -- Glossary files attach (their errors show); other TOML files do not.
  vim.fn.mkdir(ROOT .. '/glossary', 'p')
  local gpath = ROOT .. '/glossary/extra.toml'
  vim.fn.writefile({ '[[entry]]', 'id = "extra-thing"', 'label = "Extra Thing"', 'kind = "not-a-kind"' }, gpath)
  vim.fn.writefile({ '[package]', 'name = "x"' }, ROOT .. '/other.toml')
  vim.cmd.edit(vim.fn.fnameescape(gpath))
  local gbuf = vim.api.nvim_get_current_buf()
  vim.wait(10000, function() return vim.lsp.buf_is_attached(gbuf, client.id) end, 20)
  check('attaches to a glossary file (filetype toml)', vim.bo[gbuf].filetype == 'toml' and vim.lsp.buf_is_attached(gbuf, client.id))
  vim.wait(10000, function()
    return #vim.tbl_filter(function(d) return d.source == 'gloss' end, vim.diagnostic.get(gbuf)) > 0
  end, 20)
  local gd = vim.tbl_filter(function(d) return d.source == 'gloss' end, vim.diagnostic.get(gbuf))
  check('glossary error shown in the glossary file', #gd > 0 and gd[1].lnum == 3, vim.inspect(gd[1]))
  vim.cmd.edit(vim.fn.fnameescape(ROOT .. '/other.toml'))
  vim.wait(300)
  check('does not attach to other TOML files', not vim.lsp.buf_is_attached(0, client.id))

  -- Highlights: a default group for every token type and modifier of the server's legend.
  local legend = (client.server_capabilities.semanticTokensProvider or {}).legend or {}
  local function hl(name)
    return vim.api.nvim_get_hl(0, { name = name, create = false })
  end
  local missing = {}
  for _, t in ipairs(legend.tokenTypes or {}) do
    if vim.tbl_isempty(hl('@lsp.type.' .. t)) then
      missing[#missing + 1] = '@lsp.type.' .. t
    end
  end
  for _, m in ipairs(legend.tokenModifiers or {}) do
    if vim.tbl_isempty(hl('@lsp.mod.' .. m)) then
      missing[#missing + 1] = '@lsp.mod.' .. m
    end
  end
  check('a highlight group for each of the legend\'s ' .. #(legend.tokenTypes or {}) .. ' types and '
    .. #(legend.tokenModifiers or {}) .. ' modifiers', #(legend.tokenTypes or {}) == 8 and #missing == 0,
    table.concat(missing, ', '))
  local org, person = hl('@lsp.type.organization'), hl('@lsp.type.person')
  check('@lsp.type.organization links to Type, @lsp.type.person to Function (default links)',
    org.link == 'Type' and org.default == true and person.link == 'Function', vim.inspect({ org, person }))
  vim.cmd.colorscheme('default')
  check('links are set again after :colorscheme', hl('@lsp.type.organization').link == 'Type',
    vim.inspect(hl('@lsp.type.organization')))
  vim.api.nvim_set_hl(0, '@lsp.type.person', { fg = '#ff0000' })
  require('gloss.highlights').apply()
  check('a user\'s colour wins over the default', hl('@lsp.type.person').fg == 0xff0000, vim.inspect(hl('@lsp.type.person')))
  vim.cmd.buffer(bufnr)
  local token
  vim.wait(10000, function()
    for _, t in ipairs(vim.lsp.semantic_tokens.get_at_pos(bufnr, 4, 1) or {}) do
      if t.type == 'organization' then
        token = t
      end
    end
    return token ~= nil
  end, 20)
  check('"SIIS" is an organization token, coloured by @lsp.type.organization', token ~= nil
    and vim.tbl_contains(token.modifiers and vim.tbl_keys(token.modifiers) or {}, 'acronym'), vim.inspect(token))

  -- :checkhealth gloss, from the document's buffer.
  vim.cmd('checkhealth gloss')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  local function has(pattern, what)
    check(':checkhealth gloss: ' .. what, report:find(pattern) ~= nil, report)
  end
  has('OK gloss binary: ' .. vim.pesc(BIN), 'OK binary found, with its path')
  has('OK version: gloss %d+%.%d+%.%d+', 'OK version (gloss --version)')
  has('OK attached to the current buffer %(' .. vim.pesc(DOC) .. '%)', 'OK attached to the document')
  has('OK default glossary %(embedded%): %d+ files?, %d+ entr', 'OK embedded glossary with counts')
  has('OK workspace glossaries: 1 file, 0 entries', 'workspace glossary counted')
  has('glossary ' .. vim.pesc(ROOT .. '/glossary/extra.toml') .. ': not loaded; error at 4:',
    'the glossary file with its error')
  has('ERROR last glossary error: ' .. vim.pesc(ROOT .. '/glossary/extra.toml') .. ':4:%d+: ', 'ERROR last glossary error')
end)
if not ok then
  check('no Lua error', false, tostring(err))
end
finish()
