/**
 * A tiny but well-formed OLE2 compound file ([MS-CFB], version 3, 512-byte sectors) whose directory holds empty
 * streams of the given names: a Word document has `WordDocument`, an Excel one `Workbook`, and so on.
 */
const END = 0xfffffffe;
const FREE = 0xffffffff;
const FAT_SECTOR = 0xfffffffd;
const NO_STREAM = 0xffffffff;

export function compoundFile(streams: string[]): Buffer {
  const entries = ['Root Entry', ...streams];
  const dirSectors = Math.ceil(entries.length / 4);
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector: sector 0
  header.writeUInt32LE(1, 0x30); // the directory starts in sector 1
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(END, 0x3c);
  header.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);

  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(FAT_SECTOR, 0);
  for (let s = 1; s <= dirSectors; s++) fat.writeUInt32LE(s === dirSectors ? END : s + 1, s * 4);

  const dir = Buffer.alloc(dirSectors * 512);
  for (let i = 0; i < dirSectors * 4; i++) {
    const at = i * 128;
    for (const field of [0x44, 0x48, 0x4c]) dir.writeUInt32LE(NO_STREAM, at + field); // left, right, child
    dir.writeUInt32LE(END, at + 0x74);
    if (i >= entries.length) continue;
    const name = Buffer.from(`${entries[i]}\0`, 'utf16le');
    name.copy(dir, at);
    dir.writeUInt16LE(name.length, at + 0x40);
    dir[at + 0x42] = i === 0 ? 5 : 2;
    dir[at + 0x43] = 1;
    if (i === 0 && streams.length) dir.writeUInt32LE(1, at + 0x4c);
    if (i > 0 && i < streams.length) dir.writeUInt32LE(i + 1, at + 0x48);
  }
  return Buffer.concat([header, fat, dir]);
}
