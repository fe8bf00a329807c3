/**
 * Just enough of the OLE2 compound file format ([MS-CFB]) to tell a Word 97–2003 document from the other files
 * that share the container — installers (.msi), Excel and PowerPoint files, Outlook messages — which a check of the
 * first bytes alone calls the same. A Word document is the compound file holding a `WordDocument` stream
 * ([MS-DOC] 2.1.1). No library for it is installed; this reads only the header, the FAT and the directory chain, and
 * answers "no" to anything malformed.
 */

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const FREE_OR_END = 0xfffffffa; // every sector number from here up is a marker (end of chain, free, FAT, DIFAT)
const HEADER_DIFAT_ENTRIES = 109;
const DIRECTORY_ENTRY = 128;
const STREAM = 2;

/** Whether `data` is an OLE2 compound file with a `WordDocument` stream in its directory. */
export function isWordDocument(data: Buffer): boolean {
  try {
    return directoryNames(data).has('WordDocument');
  } catch {
    return false;
  }
}

/** The names of the streams in the file's directory; throws on anything malformed. */
function directoryNames(data: Buffer): Set<string> {
  if (data.length < 512 || !data.subarray(0, 8).equals(SIGNATURE)) throw new Error('not OLE2');
  const shift = data.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) throw new Error('bad sector size');
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  const sectors = Math.floor((data.length - 512) / sectorSize) + 1; // the last one may be cut short
  const sector = (n: number) => {
    if (n >= FREE_OR_END || n >= sectors) throw new Error('sector out of range');
    const start = (n + 1) * sectorSize;
    return data.subarray(start, Math.min(start + sectorSize, data.length));
  };

  // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  const fatCount = data.readUInt32LE(0x2c);
  if (fatCount > sectors) throw new Error('bad FAT size');
  for (let i = 0; i < HEADER_DIFAT_ENTRIES && fatSectors.length < fatCount; i++) fatSectors.push(data.readUInt32LE(0x4c + i * 4));
  for (let difat = data.readUInt32LE(0x44), hops = 0; fatSectors.length < fatCount; hops++) {
    if (hops > sectors) throw new Error('DIFAT loop');
    const s = sector(difat);
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatCount; i++) fatSectors.push(s.readUInt32LE(i * 4));
    difat = s.readUInt32LE(sectorSize - 4);
  }
  const next = (n: number) => sector(fatSectors[Math.floor(n / perSector)] ?? FREE_OR_END).readUInt32LE((n % perSector) * 4);

  const names = new Set<string>();
  for (let n = data.readUInt32LE(0x30), hops = 0; n < FREE_OR_END; n = next(n), hops++) {
    if (hops > sectors) throw new Error('directory loop');
    const s = sector(n);
    for (let at = 0; at + DIRECTORY_ENTRY <= s.length; at += DIRECTORY_ENTRY) {
      const nameBytes = s.readUInt16LE(at + 0x40);
      if (s[at + 0x42] !== STREAM || nameBytes < 2 || nameBytes > 64) continue;
      names.add(s.toString('utf16le', at, at + nameBytes - 2));
    }
  }
  return names;
}
